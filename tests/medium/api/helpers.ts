/**
 * Small helpers shared by the HTTP API suites in this folder (not a test file itself).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { composeKkNumber, composeNik } from '../../../src/domain/nik';
import type { Sex } from '../../../src/domain/types';

export const API = '/api/v1';

/** A masked NIK / No. KK as lists and pseudonymised views show it. */
export const MASKED_ID = /^\d{4}\*{8}\d{4}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The body of a response as JSON, failing the test (not throwing something vague) when it is not. */
export function json(res: LightMyRequestResponse): any {
  expect(String(res.headers['content-type'] ?? ''), `content-type of ${res.statusCode} ${res.body.slice(0, 200)}`).toMatch(/application\/json/);
  return JSON.parse(res.body);
}

/**
 * Asserts the contract's error shape `{"error": {"code", "message", "fields"?}}` and the status; returns the error.
 * Field messages, when present, are non-empty strings.
 */
export function expectError(res: LightMyRequestResponse, status: number, code?: string): { code: string; message: string; fields?: Record<string, string> } {
  expect(res.statusCode, `expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 500)}`).toBe(status);
  const body = json(res);
  expect(body).toHaveProperty('error');
  expect(typeof body.error.code).toBe('string');
  expect(body.error.code.length).toBeGreaterThan(0);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code !== undefined) expect(body.error.code).toBe(code);
  if (body.error.fields !== undefined) {
    expect(typeof body.error.fields).toBe('object');
    for (const [k, v] of Object.entries(body.error.fields)) {
      expect(typeof v, `field ${k}`).toBe('string');
      expect((v as string).length, `field ${k}`).toBeGreaterThan(0);
    }
  }
  return body.error;
}

export function expectOk(res: LightMyRequestResponse, status = 200): any {
  expect(res.statusCode, `expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 500)}`).toBe(status);
  return json(res);
}

/** An unauthenticated JSON request. */
export function anon(app: FastifyInstance) {
  return {
    get: (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, payload: payload as never, headers }),
    patch: (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method: 'PATCH', url, payload: payload as never, headers }),
  };
}

export interface MemberBody {
  name: string;
  nik?: string;
  relation: string;
  sex: Sex;
  birthDate: string;
  schoolLevel: 'none' | 'paud' | 'sd' | 'smp' | 'sma';
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
}

/** A contract Member with neutral defaults. */
export function member(over: Partial<MemberBody> & Pick<MemberBody, 'sex' | 'birthDate'>): MemberBody {
  return {
    name: 'Anggota Uji',
    relation: 'anak',
    schoolLevel: 'none',
    pregnant: false,
    postpartum: false,
    severeDisability: false,
    caretaker: false,
    ...over,
  };
}

/**
 * Identifier serials for numbers this suite composes. The demo generator starts each 12-digit prefix at a
 * serial below ~400 and counts up, so serials from 7000 on never meet a demo number.
 */
let serial = 7000;
export function nextSerial(): number {
  serial += 1;
  if (serial > 9999) serial = 7000;
  return serial;
}

/** A valid NIK in Cimanggis (32.76.02) for the given birth date and sex, with a fresh serial. */
export function nikFor(birthDate: string, sex: Sex, region6 = '327602'): string {
  return composeNik({ regionCode6: region6, birthDate, sex, serial: nextSerial() });
}

/** A valid No. KK issued in Cimanggis with a fresh serial. */
export function kkFor(issueDate = '2021-03-04', region6 = '327602'): string {
  return composeKkNumber({ regionCode6: region6, issueDate, serial: nextSerial() });
}

/**
 * A complete family create body in Kelurahan Harjamukti: a head (L, 1985), a wife (P, 1988, pregnant when asked)
 * and an SD child (2016), every one with a fresh valid NIK.
 */
export function newFamilyBody(opts: { pregnantWife?: boolean; kelurahanCode?: string } = {}) {
  return {
    kkNumber: kkFor(),
    kelurahanCode: opts.kelurahanCode ?? '32.76.02.1007',
    address: 'Jl. Uji Coba No. 1',
    rt: '3',
    rw: '12',
    joinedYear: 2024,
    decile: 2,
    members: [
      member({ name: 'Bambang Ujicoba', relation: 'kepala_keluarga', sex: 'L', birthDate: '1985-04-12', nik: nikFor('1985-04-12', 'L') }),
      member({
        name: 'Siti Ujicoba',
        relation: 'istri',
        sex: 'P',
        birthDate: '1988-09-23',
        nik: nikFor('1988-09-23', 'P'),
        caretaker: true,
        pregnant: opts.pregnantWife ?? false,
      }),
      member({ name: 'Rafi Ujicoba', relation: 'anak', sex: 'L', birthDate: '2016-01-30', schoolLevel: 'sd', nik: nikFor('2016-01-30', 'L') }),
    ],
  };
}

export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Checks the calculator / family entitlement answer shape and its arithmetic; returns the body. */
export function expectEntitlementShape(body: any, opts: { withMemberIds?: boolean } = {}) {
  expect(Number.isInteger(body.year)).toBe(true);
  expect(Array.isArray(body.components)).toBe(true);
  for (const c of body.components) {
    expect(Number.isInteger(c.memberIndex)).toBe(true);
    expect(c.component === null || typeof c.component === 'string').toBe(true);
    expect(Number.isInteger(c.annual)).toBe(true);
    expect(typeof c.counted).toBe('boolean');
    expect(typeof c.reason).toBe('string');
    expect(c.reason.length).toBeGreaterThan(0);
    if (opts.withMemberIds) expect(c.memberId).toMatch(UUID);
    if (c.counted) expect(c.component).not.toBeNull();
  }
  expect(body.perTahap).toHaveLength(4);
  for (const x of body.perTahap) expect(Number.isInteger(x)).toBe(true);
  expect(sum(body.perTahap)).toBe(body.annualTotal);
  const counted = sum(body.components.filter((c: any) => c.counted).map((c: any) => c.annual));
  const family = sum((body.familyBenefits ?? []).map((b: any) => b.annual));
  expect(body.annualTotal).toBe(counted + family);
  return body;
}
