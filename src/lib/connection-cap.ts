import { isIPv4, isIPv6, type Server, type Socket } from "node:net";

/**
 * At most `max` connections open at once from one client address; more are closed as they
 * arrive, before a byte of theirs is parsed, so that one client cannot hold every socket the
 * process can open (idle keep-alive ones included). Slots come back as connections close.
 * `onRefused` is told once each time an address reaches the cap, not once per refusal.
 */
export function capConnectionsPerAddress(server: Server, max: number, onRefused: (address: string, open: number) => void): void {
  const open = new Map<string, number>();
  const refusing = new Set<string>();
  server.on("connection", (socket: Socket) => {
    // Undefined once the client has already gone: nothing to count.
    if (socket.remoteAddress === undefined) return;
    const address = clientAddressOf(socket.remoteAddress);
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      if (!refusing.has(address)) {
        refusing.add(address);
        onRefused(address, count);
      }
      return;
    }
    open.set(address, count + 1);
    socket.once("close", () => {
      const left = open.get(address)! - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
      refusing.delete(address);
    });
  });
}

/**
 * Who a connection comes from, as far as the cap is concerned: an IPv4 address (also when
 * written IPv4-mapped, `::ffff:a.b.c.d`), or an IPv6 address's /64 network, which is what one
 * client is given (a single host may use any address in it).
 */
export function clientAddressOf(address: string): string {
  const mapped = /^::ffff:(.+)$/i.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  const ip = address.split("%")[0]!;
  if (!isIPv6(ip)) return address;
  const [head = "", tail] = ip.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  // An embedded IPv4 address at the end takes the place of two groups.
  const tailGroups = groups(tail).flatMap((group) => (group.includes(".") ? ["0", "0"] : [group]));
  const zeros = tail === undefined ? 0 : 8 - groups(head).length - tailGroups.length;
  const all = [...groups(head), ...Array<string>(zeros).fill("0"), ...tailGroups];
  return `${all
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
