// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IERC20Like {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// Pays on the coin it is sent, by an internal call no log shows (as payment splitters,
/// bridges and contract wallets do).
contract Payer {
    function pay(address payable to) external payable {
        (bool ok, ) = to.call{value: msg.value}("");
        require(ok, "payment failed");
    }
}

/// An aggregator that buys a token for the coin from its own balance: the wallet's token goes
/// out by a Transfer log, the coin comes back by an internal call no log shows.
contract Aggregator {
    receive() external payable {}

    function sell(address token, uint256 amount, uint256 weiOut) external {
        require(IERC20Like(token).transferFrom(msg.sender, address(this), amount), "transfer failed");
        (bool ok, ) = payable(msg.sender).call{value: weiOut}("");
        require(ok, "payment failed");
    }
}
