import { describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'

/** The settings of API.md "Running", as src/config.ts reads them for the Node server and the Worker. */
describe('readConfig', () => {
  it('defaults PUBLIC_URL to http://HOST:PORT (an IPv6 host in brackets)', () => {
    expect(readConfig({}).PUBLIC_URL).toBe('http://127.0.0.1:8787')
    expect(readConfig({ HOST: 'yz.campus.example', PORT: '8080', SEED: 'none' }).PUBLIC_URL).toBe(
      'http://yz.campus.example:8080',
    )
    expect(readConfig({ HOST: '::1' }).PUBLIC_URL).toBe('http://[::1]:8787')
  })

  it('takes an http(s) PUBLIC_URL, with a path prefix, without its trailing slash', () => {
    expect(readConfig({ PUBLIC_URL: 'https://yq.nbu.edu.cn/' }).PUBLIC_URL).toBe('https://yq.nbu.edu.cn')
    expect(readConfig({ PUBLIC_URL: 'https://example.org/yongzhou/' }).PUBLIC_URL).toBe('https://example.org/yongzhou')
  })

  it.each([
    'ftp://example.org',
    'javascript:alert(1)',
    'https://example.org/?x=1',
    'https://u:p@example.org',
    'example.org',
  ])('refuses PUBLIC_URL=%s at start-up, with the setting named', (value) => {
    expect(() => readConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL/)
  })
})

describe('the demo and the address it is served on', () => {
  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])(
    'runs SEED=demo (the default) on the loopback HOST %s',
    (HOST) => {
      expect(readConfig({ HOST }).SEED).toBe('demo')
      expect(readConfig({ HOST, SEED: 'demo' }).SEED).toBe('demo')
    },
  )

  it.each(['0.0.0.0', '::', '10.1.2.3', 'yq.nbu.edu.cn'])(
    'refuses SEED=demo on the HOST %s others can reach, saying what to set instead',
    (HOST) => {
      expect(() => readConfig({ HOST })).toThrow(/SEED=demo .*loopback HOST.*SEED=none/s)
      expect(() => readConfig({ HOST, SEED: 'demo' })).toThrow(/SEED=demo/)
      expect(readConfig({ HOST, SEED: 'none' }).SEED).toBe('none')
    },
  )
})
