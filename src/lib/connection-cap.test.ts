import { clientAddressOf } from "./connection-cap";

describe("clientAddressOf", () => {
  it("keeps IPv4 addresses, also IPv4-mapped ones, and groups IPv6 by /64", () => {
    expect(clientAddressOf("203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddressOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddressOf("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientAddressOf("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(clientAddressOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientAddressOf("::1")).toBe("0:0:0:0::/64");
    expect(clientAddressOf("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(clientAddressOf("64:ff9b::203.0.113.7")).toBe("64:ff9b:0:0::/64");
  });
});
