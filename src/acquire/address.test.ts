import { describe, expect, it } from 'vitest';
import { assertFetchable, classifyAddress, RefusedUrlError } from './address.js';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['100.64.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:808:808::1', 'public'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['100::1', 'reserved'],
    ['3fff::1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['4000::1', 'reserved'],
    ['fe80::1%eth0', 'link-local'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('throws for something that is not an address', () => {
    expect(() => classifyAddress('example.com')).toThrow('not an IP address: example.com');
  });
});

/** A resolver that answers from a table and fails for anything else, so no test reaches real DNS by accident. */
const table: Record<string, string[]> = {
  'news.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'intranet.example': ['10.20.30.40'],
  'mixed.example': ['93.184.216.34', '192.168.0.10'],
  'v6-private.example': ['fd00::5'],
  'metadata.example': ['::ffff:169.254.169.254'],
};
const lookup = async (hostname: string): Promise<string[]> => {
  const answer = table[hostname];
  if (!answer) throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};

async function refusal(url: string, options = {}): Promise<string> {
  try {
    await assertFetchable(url, { lookup, ...options });
  } catch (error) {
    if (error instanceof RefusedUrlError) return error.message;
    throw error;
  }
  return 'allowed';
}

describe('assertFetchable', () => {
  it('allows http(s) URLs whose every address is public', async () => {
    expect(await refusal('https://news.example/2024/03/ferry')).toBe('allowed');
    expect(await refusal('http://8.8.8.8/')).toBe('allowed');
    expect(await refusal('http://[2606:4700:4700::1111]/')).toBe('allowed');
  });

  it('refuses literal addresses of every non-public kind, naming the URL and why', async () => {
    expect(await refusal('http://127.0.0.1:8080/admin')).toBe('refusing http://127.0.0.1:8080/admin: 127.0.0.1 is a loopback address (pass --allow-private-network to fetch it)');
    expect(await refusal('http://10.1.2.3/')).toMatch(/10\.1\.2\.3 is a private address/);
    expect(await refusal('http://169.254.169.254/latest/meta-data/')).toMatch(/169\.254\.169\.254 is a link-local address/);
    expect(await refusal('http://0.0.0.0/')).toMatch(/0\.0\.0\.0 is the unspecified address/);
    expect(await refusal('http://224.0.0.1/')).toMatch(/is a multicast address/);
    expect(await refusal('http://[::1]/')).toMatch(/::1 is a loopback address/);
    expect(await refusal('http://[::]/')).toMatch(/:: is the unspecified address/);
    expect(await refusal('http://[fe80::1]/')).toMatch(/fe80::1 is a link-local address/);
    expect(await refusal('http://[fd00::1]/')).toMatch(/fd00::1 is a unique-local address/);
    expect(await refusal('http://[ff02::1]/')).toMatch(/ff02::1 is a multicast address/);
    expect(await refusal('http://[::ffff:127.0.0.1]/')).toMatch(/::ffff:7f00:1 is a loopback address/);
    expect(await refusal('http://[::ffff:a9fe:a9fe]/')).toMatch(/is a link-local address/);
  });

  it('sees through decimal, octal, hexadecimal and shortened IPv4 forms', async () => {
    for (const url of ['http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.0.0.1/', 'http://0x7f000001/', 'http://127.1/', 'http://017700000001/']) {
      expect(await refusal(url)).toBe(`refusing http://127.0.0.1/: 127.0.0.1 is a loopback address (pass --allow-private-network to fetch it)`);
    }
    expect(await refusal('http://3232235777/')).toMatch(/192\.168\.1\.1 is a private address/);
  });

  it('checks every address a host name resolves to', async () => {
    expect(await refusal('https://intranet.example/wiki')).toBe(
      'refusing https://intranet.example/wiki: its host intranet.example resolves to 10.20.30.40, a private address (pass --allow-private-network to fetch it)',
    );
    expect(await refusal('https://mixed.example/')).toMatch(/resolves to 192\.168\.0\.10, a private address/);
    expect(await refusal('https://v6-private.example/')).toMatch(/resolves to fd00::5, a unique-local address/);
    expect(await refusal('https://metadata.example/')).toMatch(/resolves to ::ffff:169\.254\.169\.254, a link-local address/);
  });

  it('resolves real names with dns.lookup: localhost is refused', async () => {
    const message = await refusal('http://localhost:9/', { lookup: undefined });
    expect(message).toMatch(/^refusing http:\/\/localhost:9\/: its host localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it('refuses schemes other than http and https, and URLs with credentials', async () => {
    expect(await refusal('file:///etc/passwd')).toBe('refusing file:///etc/passwd: only http and https URLs are fetched, not file');
    expect(await refusal('data:text/html,<p>hi</p>')).toMatch(/only http and https URLs are fetched, not data/);
    expect(await refusal('ftp://news.example/x')).toMatch(/not ftp/);
    expect(await refusal('gopher://news.example/')).toMatch(/not gopher/);
    expect(await refusal('https://user:secret@news.example/')).toMatch(/URLs with credentials are not fetched/);
    expect(await refusal('not a url')).toBe('refusing not a url: not a valid absolute URL');
  });

  it('lets private addresses through only when allowed: all of them, or listed hosts', async () => {
    expect(await refusal('http://127.0.0.1:8080/', { allowPrivateNetwork: true })).toBe('allowed');
    expect(await refusal('https://intranet.example/', { allowPrivateNetwork: true })).toBe('allowed');
    expect(await refusal('http://127.0.0.1:8080/', { allowedPrivateHosts: ['127.0.0.1:8080'] })).toBe('allowed');
    expect(await refusal('http://127.0.0.1:8081/', { allowedPrivateHosts: ['127.0.0.1:8080'] })).toMatch(/loopback/);
    // Schemes stay refused whatever is allowed.
    expect(await refusal('file:///etc/passwd', { allowPrivateNetwork: true })).toMatch(/only http and https/);
  });

  it('reports a name that does not resolve as a plain error', async () => {
    await expect(assertFetchable('https://nowhere.example/', { lookup })).rejects.toThrow('cannot resolve nowhere.example for https://nowhere.example/: ENOTFOUND');
  });
});
