/** The desktop shell's printToPDF behind a port: the core stays free of electron, and browser mode has none. */
export interface ReportPrinter {
  pdfFromHtml(html: string): Promise<Uint8Array>;
}
