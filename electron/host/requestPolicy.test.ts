import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allowedHostHeaders, apiMethodOf, isAllowedHost, isAllowedOrigin, isJsonContentType } from './requestPolicy'
import { CONTENT_SECURITY_POLICY } from './securityHeaders'

describe('Host header (DNS-rebinding defence)', () => {
  const v4 = allowedHostHeaders('127.0.0.1', 4173)
  const v6 = allowedHostHeaders('::1', 4173)

  it('accepts the bound address and localhost on the bound port', () => {
    expect([...v4].sort()).toEqual(['127.0.0.1:4173', 'localhost:4173'])
    expect([...v6].sort()).toEqual(['[::1]:4173', 'localhost:4173'])
    expect(isAllowedHost('LOCALHOST:4173', v4)).toBe(true)
  })

  it.each([
    undefined,
    '',
    'evil.example:4173',
    '127.0.0.1',
    '127.0.0.1:80',
    '127.0.0.2:4173',
    'localhost',
    '[::1]:4173',
  ])('refuses %s on 127.0.0.1', (host) => {
    expect(isAllowedHost(host, v4)).toBe(false)
  })
})

describe('Origin of API calls', () => {
  it('must be this server, as the browser reached it', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4173', '127.0.0.1:4173')).toBe(true)
    expect(isAllowedOrigin('http://localhost:4173', 'localhost:4173')).toBe(true)
  })
  it.each([
    undefined,
    'null',
    'http://evil.example',
    'http://127.0.0.1:5173',
    'https://127.0.0.1:4173',
    'http://localhost:4173',
  ])('refuses %s', (origin) => {
    expect(isAllowedOrigin(origin, '127.0.0.1:4173')).toBe(false)
  })
})

describe('Content-Type of API calls', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])(
    'accepts %s',
    (type) => {
      expect(isJsonContentType(type)).toBe(true)
    },
  )
  it.each([
    undefined,
    '',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'application/json; charset=latin1',
    'application/jsonp',
  ])('refuses %s', (type) => {
    expect(isJsonContentType(type)).toBe(false)
  })
})

describe('API paths', () => {
  it('name a method as the contract spells it', () => {
    expect(apiMethodOf('/api/session.saveAnswer')).toBe('session.saveAnswer')
    for (const path of [
      '/api/',
      '/api/session',
      '/api/__proto__',
      '/api/constructor.name/x',
      '/api/a.b.c',
      '/api/Session.x',
    ]) {
      expect(apiMethodOf(path), path).toBeUndefined()
    }
  })
})

describe('Content-Security-Policy header', () => {
  const directives = (policy: string): string[] =>
    policy
      .split(';')
      .map((directive) => directive.trim())
      .filter((directive) => directive !== '' && !directive.startsWith('frame-ancestors'))
      .sort()

  it('is the policy in src/index.html, plus frame-ancestors (which a <meta> cannot carry)', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../src/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(directives(CONTENT_SECURITY_POLICY)).toEqual(directives(meta))
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
    // In a <meta> it does nothing but make Chromium log an error on every load.
    expect(meta).not.toContain('frame-ancestors')
  })
})
