/** A frame or body that breaks the protocol: torn, over a cap, or not what it announced. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}
