// The one platform API core uses: WebCrypto's CSPRNG, global in Workers and Node ≥ 19.
declare const crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T };
