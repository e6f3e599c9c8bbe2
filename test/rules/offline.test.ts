import { describe, expect, it } from 'vitest';
import { evaluatePerson } from '../../pipeline/rules/person.ts';
import { dataset, THREE_SESSIONS } from '../helpers/model.ts';

const FOUR: [string, string, string][] = [...THREE_SESSIONS, ['S4', 'B2', '02-12']];
const offline = (p: Parameters<typeof dataset>[0]['people'][number], sessions = FOUR, asOf?: string) =>
  evaluatePerson(dataset({ sessions, asOf, people: [p] }), 0).result.offline;

describe('offline credit', () => {
  it('a member earns hoursPerSession per distinct session attended', () => {
    expect(offline({ attendance: ['S1', 'S2'] })).toEqual({ hours: 2, sessions: 2, selfStudy: false });
  });
  it('the same session signed twice counts once', () => {
    expect(offline({ attendance: ['S1', 'S1'] }).sessions).toBe(1);
  });
  it('sessions of any branch count', () => {
    expect(offline({ attendance: ['S4'] }).hours).toBe(1);
  });
  it('at most maxSessions sessions count', () => {
    expect(offline({ attendance: ['S1', 'S2', 'S3', 'S4'] })).toEqual({ hours: 3, sessions: 3, selfStudy: false });
  });
  it('a confirmed self-study adds selfStudyHours; an unconfirmed one does not', () => {
    expect(offline({ attendance: ['S1'], selfStudy: [['01-20', true]] })).toEqual({ hours: 2, sessions: 1, selfStudy: true });
    expect(offline({ attendance: ['S1'], selfStudy: [['01-20', false]] })).toEqual({ hours: 1, sessions: 1, selfStudy: false });
  });
  it('党外干部 earn the nonMember numbers (2 h per session, 2 h self-study), capped at offline.cap', () => {
    expect(offline({ category: '党外干部', attendance: ['S1'] }).hours).toBe(2);
    expect(offline({ category: '党外干部', attendance: ['S1'], selfStudy: [['01-20', true]] }).hours).toBe(4);
    expect(offline({ category: '党外干部', attendance: ['S1', 'S2', 'S3'], selfStudy: [['01-20', true]] })).toEqual({ hours: 4, sessions: 3, selfStudy: true });
  });
  it('a member with three sessions and self-study reaches the cap of 4', () => {
    expect(offline({ attendance: ['S1', 'S2', 'S3'], selfStudy: [['01-20', true]] }).hours).toBe(4);
  });
  it('sessions and self-study outside the range do not count', () => {
    const sessions: [string, string, string][] = [['S1', 'B1', '01-12'], ['S2', 'B1', '02-24'], ['S3', 'B1', '02-23']];
    const ev = evaluatePerson(dataset({ sessions, asOf: '03-01', people: [{ attendance: ['S1', 'S2', 'S3'], selfStudy: [['02-24', true]] }] }), 0);
    expect(ev.result.offline).toEqual({ hours: 1, sessions: 1, selfStudy: false });
    expect(ev.offline.outsideAttendance).toBe(2);
    expect(ev.offline.outsideSelfStudy).toBe(1);
  });
});
