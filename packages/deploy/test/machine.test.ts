import { describe, expect, test } from '@jest/globals';
import { IllegalTransition, nextPhase, resultOfRollback, RolloutMachine } from '../src/machine.js';

describe('rollout state machine', () => {
  test('a step goes set weight → read back → bake → analyse, then to the next step', () => {
    const machine = new RolloutMachine();
    expect(machine.send({ type: 'begin' })).toBe('setting-weight');
    expect(machine.send({ type: 'written' })).toBe('verifying');
    expect(machine.send({ type: 'verified' })).toBe('baking');
    expect(machine.send({ type: 'baked' })).toBe('analysing');
    expect(machine.send({ type: 'analysis-passed', next: 'next-step' })).toBe('setting-weight');
    expect(machine.transitions.map((t) => `${t.from}>${t.to}`)).toEqual([
      'pending>setting-weight',
      'setting-weight>verifying',
      'verifying>baking',
      'baking>analysing',
      'analysing>setting-weight',
    ]);
  });

  test('the last step promotes; a pause point holds; resume continues', () => {
    expect(nextPhase('analysing', { type: 'analysis-passed', next: 'promote' })).toBe('promoted');
    expect(nextPhase('analysing', { type: 'analysis-passed', next: 'pause' })).toBe('paused');
    expect(nextPhase('paused', { type: 'resume' })).toBe('setting-weight');
  });

  test('an inconclusive analysis may go back to baking and be retried', () => {
    expect(nextPhase('analysing', { type: 'retry-analysis' })).toBe('baking');
  });

  test('every live phase can roll back; the reason decides rolled-back or aborted', () => {
    for (const phase of ['pending', 'setting-weight', 'verifying', 'baking', 'analysing', 'paused'] as const)
      expect(nextPhase(phase, { type: 'rollback', reason: 'error' })).toBe('rolling-back');
    expect(resultOfRollback('analysis-failed')).toBe('rolled-back');
    expect(resultOfRollback('inconclusive')).toBe('rolled-back');
    for (const reason of ['error', 'cancelled', 'timeout', 'abort-requested'] as const)
      expect(resultOfRollback(reason)).toBe('aborted');
    const machine = new RolloutMachine();
    machine.send({ type: 'begin' });
    machine.send({ type: 'rollback', reason: 'analysis-failed' });
    expect(machine.needsRollback).toBe(false);
    expect(machine.send({ type: 'rollback-done' })).toBe('rolled-back');
    expect(machine.finished).toBe(true);
  });

  test('a promoted rollout rolls back only on an explicit abort (blue/green switch-back)', () => {
    expect(() => nextPhase('promoted', { type: 'rollback', reason: 'error' })).toThrow(IllegalTransition);
    expect(nextPhase('promoted', { type: 'rollback', reason: 'abort-requested' })).toBe('rolling-back');
  });

  test('illegal events are refused', () => {
    expect(() => nextPhase('pending', { type: 'baked' })).toThrow(IllegalTransition);
    expect(() => nextPhase('baking', { type: 'analysis-passed', next: 'promote' })).toThrow(
      IllegalTransition,
    );
    expect(() => nextPhase('rolled-back', { type: 'rollback', reason: 'error' })).toThrow(IllegalTransition);
    expect(() => nextPhase('rolling-back', { type: 'rollback-done' })).toThrow(/reason/);
    expect(() => nextPhase('promoted', { type: 'begin' })).toThrow(IllegalTransition);
  });
});
