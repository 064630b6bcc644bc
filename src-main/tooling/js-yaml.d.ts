/** js-yaml ships without types; electron-builder's config reader and electron-updater both use it. */
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
