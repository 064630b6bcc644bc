/** A command given the wrong words: the CLI prints the message with the usage and exits 2, not 1. */
export class CommandUsage extends Error {}
