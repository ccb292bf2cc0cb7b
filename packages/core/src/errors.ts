/**
 * Transport-free domain errors. apps/api maps them to HTTP; nothing here knows about status
 * codes. Each carries a stable `code` from {@link DomainErrorCode}.
 */
export type DomainErrorCode = "INVALID_AMOUNT" | "ASSET_MISMATCH" | "INVALID_INPUT";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class InvalidAmountError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("INVALID_AMOUNT", message, { field });
    this.name = "InvalidAmountError";
  }
}

export class AssetMismatchError extends DomainError {
  constructor(left: string, right: string) {
    super("ASSET_MISMATCH", `cannot combine ${left} with ${right}`, { left, right });
    this.name = "AssetMismatchError";
  }
}
