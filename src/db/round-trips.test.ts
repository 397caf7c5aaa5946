import { RoundTrips } from "./round-trips";

describe("RoundTrips", () => {
  let now = 0;
  const roundTrips = () => new RoundTrips(() => now);
  beforeEach(() => {
    now = 1_000;
  });

  it("is never stalled while idle, however long since the last answer", () => {
    const trips = roundTrips();
    now += 3_600_000;
    expect(trips.stalledFor()).toBe(0);
    expect(trips.sinceLastAnswer()).toBe(3_600_000);
  });

  it("counts a stall from the first round trip begun after the last answer", () => {
    const trips = roundTrips();
    now += 10_000;
    trips.began();
    now += 500;
    trips.began();
    now += 1_500;
    expect(trips.stalledFor()).toBe(2_000);
  });

  it("ends the stall at any answer, and starts a new one at the next round trip", () => {
    const trips = roundTrips();
    trips.began();
    now += 70_000;
    trips.answered();
    expect(trips.stalledFor()).toBe(0);
    now += 5_000;
    trips.began();
    now += 1_000;
    expect(trips.stalledFor()).toBe(1_000);
  });
});
