/** Vite turns an imported sound into a URL of the built asset. */
declare module '*.wav' {
  const url: string;
  export default url;
}
