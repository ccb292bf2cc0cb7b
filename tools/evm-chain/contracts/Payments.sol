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

/// A fee-on-transfer token: every transfer sends 2% of it to a treasury, in a Transfer of its own.
contract TaxToken {
    mapping(address => uint256) public balanceOf;
    string public constant name = "Taxed Token";
    string public constant symbol = "TAX";
    uint8 public constant decimals = 18;
    address public immutable treasury;
    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(address treasury_, uint256 supply) {
        treasury = treasury_;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        uint256 tax = (value * 2) / 100;
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value - tax;
        balanceOf[treasury] += tax;
        emit Transfer(msg.sender, to, value - tax);
        emit Transfer(msg.sender, treasury, tax);
        return true;
    }
}
