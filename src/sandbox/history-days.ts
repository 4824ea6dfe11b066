/** How many days of sandbox history one request or command makes, by default and at most (shared by the API and the CLI). */
export const DEFAULT_HISTORY_DAYS = 30;
export const MAX_HISTORY_DAYS = 90;
