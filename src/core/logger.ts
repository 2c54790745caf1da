/** Where progress lines and warnings go: core.info / core.warning in the action. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
}
