import { describe, expect, it } from 'vitest'
import { isTrustedSender } from './ipcPolicy'

describe('isTrustedSender', () => {
  describe('an app served from an origin', () => {
    it.each(['app://invigil/index.html', 'app://invigil/', 'app://invigil/exam#q3'])('trusts %s', (url) => {
      expect(isTrustedSender(url, 'app://invigil')).toBe(true)
    })
    it.each([
      'https://example.org/',
      'app://evil/index.html',
      'http://invigil/',
      'about:blank',
      'data:text/html,<script>1</script>',
      'file:///etc/passwd',
      '',
      undefined,
      'not a url',
    ])('refuses %s', (url) => {
      expect(isTrustedSender(url, 'app://invigil')).toBe(false)
    })
  })

  describe('the Vite dev server in development', () => {
    it('trusts its own origin only, port included', () => {
      expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
      expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
      expect(isTrustedSender('http://127.0.0.1:5173/', 'http://localhost:5173')).toBe(false)
    })
  })

  describe('pages loaded from disk', () => {
    const dir = 'file:///opt/invigil/out/renderer/'
    it('trusts files inside the renderer directory', () => {
      expect(isTrustedSender('file:///opt/invigil/out/renderer/index.html', dir)).toBe(true)
      expect(isTrustedSender('file:///opt/invigil/out/renderer/index.html', 'file:///opt/invigil/out/renderer')).toBe(true)
    })
    it.each([
      'file:///opt/invigil/out/renderer-evil/index.html',
      'file:///opt/invigil/out/renderer/../../../tmp/evil.html',
      'file:///opt/invigil/out/renderer/%2e%2e/%2e%2e/evil.html',
      'file:///tmp/evil.html',
      'file://otherhost/opt/invigil/out/renderer/index.html',
      'http://localhost/opt/invigil/out/renderer/index.html',
    ])('refuses %s', (url) => {
      expect(isTrustedSender(url, dir)).toBe(false)
    })
  })
})
