/** Verdict icons of every rendering; numbers and changes are written by @mlgate/core's one formatter. */
import type { GateStatus, Outcome } from '@mlgate/core';

export {
  describeChange,
  formatChange,
  formatInterval,
  formatNumber,
  formatPercent,
  formatPValue,
  formatSigned,
} from '@mlgate/core';

const OUTCOME_ICONS: Record<Outcome, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };
const STATUS_ICONS: Record<GateStatus, string> = { pass: '✅', fail: '❌', warn: '⚠️', inconclusive: '❔' };

export const outcomeIcon = (outcome: Outcome): string => OUTCOME_ICONS[outcome];
export const statusIcon = (status: GateStatus): string => STATUS_ICONS[status];
