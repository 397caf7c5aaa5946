import type { LookupAddress } from "node:dns";
import { checkedLookup, checkEndpointUrl, isPublicAddress } from "./webhooks.addresses";

const PRODUCTION = { httpAllowed: false, allowPrivate: false };

describe("which addresses a webhook may reach", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:7f00:1",
    "64:ff9b::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::",
    "2002:c0a8:101::1",
    "::127.0.0.1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "fe80::1%eth0",
    "2606:4700:4700::1111%eth0",
    "not an address",
  ])("%s is not public", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1"])("%s is public", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("refuses, outside development, http: and every host that resolves to a private, loopback or link-local address", async () => {
    const refusal = (url: string) => checkEndpointUrl(url, PRODUCTION).then(() => "accepted", (error: Error) => error.message);
    expect(await refusal("http://93.184.216.34/hooks")).toBe("url must start with https: (got http:)");
    expect(await refusal("https://127.0.0.1/hooks")).toBe("url's host 127.0.0.1 resolves to 127.0.0.1: private, loopback and link-local addresses are refused");
    expect(await refusal("https://localhost:8443/hooks")).toMatch(/^url's host localhost resolves to (127\.0\.0\.1|::1)/);
    expect(await refusal("https://169.254.169.254/latest/meta-data")).toMatch(/resolves to 169\.254\.169\.254/);
    expect(await refusal("https://[::1]/hooks")).toMatch(/resolves to ::1/);
    expect(await refusal("https://[::ffff:10.0.0.1]/hooks")).toMatch(/private, loopback and link-local/);
    expect(await refusal("https://93.184.216.34/hooks#x")).toBe("url must not have a #fragment");
    expect(await refusal("https://93.184.216.34/hooks")).toBe("accepted");
  });

  it("takes private addresses and http: when allowed", async () => {
    await expect(checkEndpointUrl("http://127.0.0.1:9/hooks", { httpAllowed: true, allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });

  it("checks again at connection time: a name that resolves to a private address gives no address to connect to", async () => {
    const lookup = (allowPrivate: boolean) =>
      new Promise<{ error: NodeJS.ErrnoException | null; addresses: LookupAddress[] }>((resolve) =>
        checkedLookup({ allowPrivate })("localhost", { all: true }, (error, addresses) => resolve({ error, addresses: addresses as LookupAddress[] })),
      );
    const refused = await lookup(false);
    expect(refused.error?.message).toMatch(/^localhost resolves to .*: not a public address$/);
    const allowed = await lookup(true);
    expect(allowed.error).toBeNull();
    expect(allowed.addresses.map((a) => a.address)).toContain("127.0.0.1");
  });
});
