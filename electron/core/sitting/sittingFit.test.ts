import { describe, expect, it } from 'vitest'
import type { VerifiedPackage } from '../package/examPackage'
import type { VerifiedSitting } from './sittingFile'
import { assertSittingFits, sittingPackages } from './sittingFit'
import type { SittingPackage } from './sittingSchema'

const pkg = (examId: string, encrypted = false): { verified: VerifiedPackage; listed: SittingPackage } => ({
  verified: { bank_id: examId, encrypted } as VerifiedPackage,
  listed: { exam_id: examId, encrypted, sha256: '0'.repeat(64), text: `package ${examId}` },
})

const sitting = (packages = [pkg('a')], stations?: string[]): VerifiedSitting =>
  ({
    packages: packages.map((entry) => entry.verified),
    payload: {
      id: 'sit-1',
      window: { opens_at: '2026-11-23T09:00:00+08:00', closes_at: '2026-11-23T12:00:00+08:00' },
      packages: packages.map((entry) => entry.listed),
      ...(stations ? { stations } : {}),
    },
  }) as VerifiedSitting

const closesAt = Date.parse('2026-11-23T12:00:00+08:00')

describe('whether a verified sitting fits this station', () => {
  it('takes a sitting for any station, or one that lists this station, until its window closes', () => {
    expect(() => assertSittingFits(sitting(), 'aaaaaaaaaaaaaaaa', closesAt - 1)).not.toThrow()
    expect(() =>
      assertSittingFits(sitting(undefined, ['b'.repeat(16), 'a'.repeat(16)]), 'a'.repeat(16), 0),
    ).not.toThrow()
  })

  it('refuses a sitting for other stations, and a closed one', () => {
    expect(() => assertSittingFits(sitting(undefined, ['b'.repeat(16)]), 'a'.repeat(16), 0)).toThrow(
      expect.objectContaining({ code: 'SITTING_NOT_FOR_STATION' }),
    )
    expect(() => assertSittingFits(sitting(), 'a'.repeat(16), closesAt)).toThrow(
      expect.objectContaining({ code: 'SITTING_CLOSED' }),
    )
  })

  it('delivers every unencrypted package in order, and refuses a sitting with an encrypted one', () => {
    expect(sittingPackages(sitting()).map((entry) => entry.text)).toEqual(['package a'])
    expect(sittingPackages(sitting([pkg('a'), pkg('b')])).map((entry) => entry.text)).toEqual([
      'package a',
      'package b',
    ])
    expect(() => sittingPackages(sitting([pkg('a'), pkg('b', true)]))).toThrow(
      expect.objectContaining({
        code: 'SITTING_PACKAGE_UNSUPPORTED',
        message: expect.stringContaining('package b of sitting sit-1 is encrypted'),
      }),
    )
  })
})
