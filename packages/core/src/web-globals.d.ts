// The few web-standard globals core uses, declared here instead of pulling in a runtime's lib:
// each is in Workers, Node ≥ 20 and every browser alike.
declare const crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  subtle: { digest(algorithm: "SHA-256", data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> };
};
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
