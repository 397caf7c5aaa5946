/**
 * Database round trips, as liveness sees them: when one last completed, and since when the
 * service has been asking without any completing. A round trip completes when the server
 * answers, with rows or with an SQL error; a lost or refused connection is no answer.
 */
export class RoundTrips {
  private lastAnswer: number;
  /** When the first round trip since the last answer began; undefined while nothing waits. */
  private waitingSince: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastAnswer = now();
  }

  /** A round trip begins (a statement is sent, or a probe). */
  began(): void {
    this.waitingSince ??= this.now();
  }

  /** The server answered one. */
  answered(): void {
    this.lastAnswer = this.now();
    this.waitingSince = undefined;
  }

  /**
   * How long the service has wanted an answer and got none: 0 while every round trip begun
   * has been followed by an answer (an idle service is never stalled).
   */
  stalledFor(): number {
    return this.waitingSince === undefined ? 0 : this.now() - this.waitingSince;
  }

  /** How long ago the server last answered. */
  sinceLastAnswer(): number {
    return this.now() - this.lastAnswer;
  }
}
