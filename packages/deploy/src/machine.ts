/**
 * The rollout state machine. Every step goes set weight → read back → bake → analyse; every way out ends in
 * promoted, paused (held for approval), rolled-back (the analysis said no) or aborted (error, timeout,
 * cancellation, or an explicit abort), the last two always through rolling-back.
 */

export type RolloutPhase =
  | 'pending'
  | 'setting-weight'
  | 'verifying'
  | 'baking'
  | 'analysing'
  | 'rolling-back'
  | 'promoted'
  | 'paused'
  | 'rolled-back'
  | 'aborted';

export type RolloutResult = 'promoted' | 'paused' | 'rolled-back' | 'aborted';

/** Why traffic goes back to stable; decides between rolled-back and aborted. */
export type RollbackReason =
  | 'analysis-failed'
  | 'inconclusive'
  | 'error'
  | 'cancelled'
  | 'timeout'
  | 'abort-requested'
  /** The new version failed its smoke checks at 0 %: the router was never touched. */
  | 'smoke-failed';

export type RolloutEvent =
  | { type: 'begin' }
  | { type: 'written' }
  | { type: 'verified' }
  | { type: 'baked' }
  | { type: 'analysis-passed'; next: 'next-step' | 'promote' | 'pause' }
  | { type: 'retry-analysis' }
  | { type: 'resume' }
  | { type: 'rollback'; reason: RollbackReason }
  | { type: 'rollback-done' };

export const TERMINAL_PHASES: readonly RolloutPhase[] = ['promoted', 'paused', 'rolled-back', 'aborted'];

/** rolled-back: the new version was judged and found wanting; aborted: the rollout did not get to judge. */
export function resultOfRollback(reason: RollbackReason): 'rolled-back' | 'aborted' {
  return reason === 'analysis-failed' || reason === 'inconclusive' ? 'rolled-back' : 'aborted';
}

export class IllegalTransition extends Error {
  override name = 'IllegalTransition';
}

/** The next phase, or an IllegalTransition: the table is the whole truth about what may follow what. */
export function nextPhase(phase: RolloutPhase, event: RolloutEvent, reason?: RollbackReason): RolloutPhase {
  if (event.type === 'rollback') {
    // Any live phase may go back to stable; a held rollout too (abort after approval was refused);
    // a promoted one only when asked (blue/green switch-back).
    if (phase === 'promoted' && event.reason !== 'abort-requested')
      throw new IllegalTransition('a promoted rollout rolls back only on an explicit abort');
    if (phase === 'rolled-back' || phase === 'aborted' || phase === 'rolling-back')
      throw new IllegalTransition(`cannot roll back from ${phase}`);
    return 'rolling-back';
  }
  switch (`${phase}:${event.type}`) {
    case 'pending:begin':
    case 'paused:resume':
      return 'setting-weight';
    case 'setting-weight:written':
      return 'verifying';
    case 'verifying:verified':
      return 'baking';
    case 'baking:baked':
      return 'analysing';
    case 'analysing:retry-analysis':
      return 'baking';
    case 'analysing:analysis-passed': {
      const next = (event as { next: 'next-step' | 'promote' | 'pause' }).next;
      return next === 'next-step' ? 'setting-weight' : next === 'promote' ? 'promoted' : 'paused';
    }
    case 'rolling-back:rollback-done':
      if (!reason) throw new IllegalTransition('rollback-done without a rollback reason');
      return resultOfRollback(reason);
  }
  throw new IllegalTransition(`event ${event.type} is not allowed in phase ${phase}`);
}

export interface Transition {
  at: string;
  from: RolloutPhase;
  to: RolloutPhase;
  event: string;
}

export class RolloutMachine {
  phase: RolloutPhase;
  reason?: RollbackReason;
  readonly transitions: Transition[] = [];

  constructor(
    initial: RolloutPhase = 'pending',
    private readonly now: () => Date = () => new Date(),
  ) {
    this.phase = initial;
  }

  send(event: RolloutEvent): RolloutPhase {
    if (event.type === 'rollback') this.reason = event.reason;
    const to = nextPhase(this.phase, event, this.reason);
    const label =
      event.type === 'rollback'
        ? `rollback (${event.reason})`
        : event.type === 'analysis-passed'
          ? `analysis-passed (${event.next})`
          : event.type;
    this.transitions.push({ at: this.now().toISOString(), from: this.phase, to, event: label });
    this.phase = to;
    return to;
  }

  get finished(): boolean {
    return TERMINAL_PHASES.includes(this.phase);
  }

  /** Whether a rollback is still owed: the machine is live (not promoted, paused or already back on stable). */
  get needsRollback(): boolean {
    return !this.finished && this.phase !== 'rolling-back';
  }
}
