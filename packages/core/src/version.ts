/** mlgate's own version, printed by every action and written into every report. */
export const MLGATE_VERSION = '0.1.0';
