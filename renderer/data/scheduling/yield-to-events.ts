/**
 * Owns giving the screen a turn during long work on the page's thread (reading and decrypting
 * thousands of records, planning a campaign): a macrotask through a MessageChannel, which lets
 * input and painting in without setTimeout's 4 ms clamp on nested timers.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
