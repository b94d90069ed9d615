import { EventEmitter } from 'eventemitter3';

/** Any listener. */
// biome-ignore lint/suspicious/noExplicitAny: listeners of every event, whatever they take
type AnyListener = (...args: any[]) => unknown;

/**
 * @internal An eventemitter3 emitter whose listeners' throws, and their promises' rejections, are
 * handed to {@link GuardedEmitter.listenerFailed} instead of reaching the emitter's caller or the
 * process.
 */
export abstract class GuardedEmitter<Events extends EventEmitter.ValidEventTypes> extends EventEmitter<Events> {
  /** Each listener's guarded stand-in, per event: what eventemitter3 holds and calls. */
  readonly #guarded = new Map<string | symbol, WeakMap<AnyListener, AnyListener>>();

  /** A listener of `event` threw, or its promise rejected. */
  protected abstract listenerFailed(error: unknown, event: string): void;

  // Listeners are held as guarded stand-ins, so that an async listener's rejection is caught too
  // (eventemitter3 ignores what listeners return). `off` finds the stand-in of the listener given.
  public override on<T extends EventEmitter.EventNames<Events>>(
    event: T,
    fn: EventEmitter.EventListener<Events, T>,
    context?: unknown,
  ): this {
    return super.on(event, this.#guard(event, fn) as typeof fn, context);
  }

  public override addListener<T extends EventEmitter.EventNames<Events>>(
    event: T,
    fn: EventEmitter.EventListener<Events, T>,
    context?: unknown,
  ): this {
    return this.on(event, fn, context);
  }

  public override once<T extends EventEmitter.EventNames<Events>>(
    event: T,
    fn: EventEmitter.EventListener<Events, T>,
    context?: unknown,
  ): this {
    return super.once(event, this.#guard(event, fn) as typeof fn, context);
  }

  public override off<T extends EventEmitter.EventNames<Events>>(
    event: T,
    fn?: EventEmitter.EventListener<Events, T>,
    context?: unknown,
    once?: boolean,
  ): this {
    const guarded = fn === undefined ? undefined : (this.#guarded.get(event)?.get(fn as AnyListener) ?? fn);
    return super.off(event, guarded as typeof fn, context, once);
  }

  public override removeListener<T extends EventEmitter.EventNames<Events>>(
    event: T,
    fn?: EventEmitter.EventListener<Events, T>,
    context?: unknown,
    once?: boolean,
  ): this {
    return this.off(event, fn, context, once);
  }

  /** The stand-in of a listener: it runs it and reports what it throws or rejects with. */
  #guard(event: string | symbol, fn: AnyListener): AnyListener {
    let byListener = this.#guarded.get(event);
    if (byListener === undefined) {
      byListener = new WeakMap();
      this.#guarded.set(event, byListener);
    }
    let guarded = byListener.get(fn);
    if (guarded === undefined) {
      const failed = (error: unknown) => this.listenerFailed(error, String(event));
      guarded = function (this: unknown, ...args: unknown[]) {
        try {
          const result = fn.apply(this, args);
          if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
            (result as PromiseLike<unknown>).then(undefined, failed);
        } catch (error) {
          failed(error);
        }
      };
      byListener.set(fn, guarded);
    }
    return guarded;
  }
}
