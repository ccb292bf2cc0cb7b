// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A read-only multicall that is never deployed: its creation code runs inside one eth_call (no
/// `to`), makes each call with at most `gasCap` gas and keeps at most `maxReturn` bytes of each
/// answer, and returns `(uint8[] status, bytes[] data)`: 1 answered, 2 reverted or ran out of
/// gas, 3 no contract at the address, 0 not tried (too little gas left for a full `gasCap`: ask
/// again). A call that reverts, burns its gas or returns a flood of data fails alone; the others
/// still answer. (Multicall3 forwards all the gas it has, so one token whose balanceOf burns gas
/// starves every call after it.)
contract CappedMulticall {
    constructor(address[] memory targets, bytes[] memory calls, uint256 gasCap, uint256 maxReturn) {
        uint256 n = targets.length;
        uint8[] memory status = new uint8[](n);
        bytes[] memory data = new bytes[](n);
        for (uint256 i = 0; i < n; i++) {
            address target = targets[i];
            if (target.code.length == 0) {
                status[i] = 3;
                continue;
            }
            // a call gets at most 63/64 of what is left: stop before it would get less than its cap
            if (gasleft() < gasCap + gasCap / 63 + 20000) break;
            bytes memory input = calls[i];
            bool success;
            uint256 size;
            assembly {
                success := call(gasCap, target, 0, add(input, 32), mload(input), 0, 0)
                size := returndatasize()
            }
            if (size > maxReturn) size = maxReturn;
            bytes memory out = new bytes(size);
            assembly {
                returndatacopy(add(out, 32), 0, size)
            }
            status[i] = success ? 1 : 2;
            data[i] = out;
        }
        bytes memory encoded = abi.encode(status, data);
        assembly {
            return(add(encoded, 32), mload(encoded))
        }
    }
}
