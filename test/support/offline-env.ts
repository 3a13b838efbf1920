// "No test reaches the internet" for tools that phone home on their own (promptfoo sends a
// "telemetry disabled" beacon even with telemetry off): their HTTP(S) traffic goes to a loopback
// proxy, by default port 9 where nobody listens, so the request fails without a DNS lookup.
// Loopback model servers started by the tests stay reachable through NO_PROXY.

/** A loopback port nobody listens on: a request sent there is refused at once. */
export const BLACK_HOLE_PROXY = 'http://127.0.0.1:9';

/** Proxy variables sending every non-loopback HTTP(S) request to `proxyUrl`. */
export function proxyEnv(proxyUrl: string = BLACK_HOLE_PROXY): Record<'HTTP_PROXY' | 'HTTPS_PROXY' | 'NO_PROXY', string> {
  return { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1,localhost' };
}

/** promptfoo offline: its files in `configDir`, telemetry and update checks off, proxied as above. */
export function promptfooEnv(configDir: string, proxyUrl?: string): Record<string, string> {
  return {
    PROMPTFOO_CONFIG_DIR: configDir,
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    ...proxyEnv(proxyUrl),
  };
}
