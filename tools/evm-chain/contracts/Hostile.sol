// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// What strangers send a wallet: tokens built to break whoever reads them. Each moves value to
/// `to` with `airdrop` (and emits the Transfer a real token would), so the wallet's logs show it.

/// A spam airdrop that claims 120 decimals, as scam "reward" tokens do.
contract HugeDecimalsToken {
    mapping(address => uint256) public balanceOf;
    string public constant name = "Claim your reward at evil.example";
    string public constant symbol = "REWARD";
    uint8 public constant decimals = 120;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function airdrop(address to, uint256 value) external {
        balanceOf[to] += value;
        emit Transfer(address(this), to, value);
    }
}

/// A token whose balanceOf burns all the gas it is given.
contract GasBombToken {
    mapping(address => uint256) private balances;
    string public constant name = "Gas Bomb";
    string public constant symbol = "BOMB";
    uint8 public constant decimals = 18;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function balanceOf(address who) external view returns (uint256) {
        uint256 spin = 0;
        while (gasleft() > 0) spin++;
        return balances[who] + spin;
    }

    function airdrop(address to, uint256 value) external {
        balances[to] += value;
        emit Transfer(address(this), to, value);
    }
}

/// A token whose every metadata call reverts.
contract NoMetadataToken {
    mapping(address => uint256) public balanceOf;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function name() external pure returns (string memory) {
        revert("no");
    }

    function symbol() external pure returns (string memory) {
        revert("no");
    }

    function decimals() external pure returns (uint8) {
        revert("no");
    }

    function airdrop(address to, uint256 value) external {
        balanceOf[to] += value;
        emit Transfer(address(this), to, value);
    }
}

/// A rebasing token (as stETH or AMPL rebase): balances are shares times a factor, and a rebase
/// changes every balance without a Transfer. A factor of 0 is a token whose balances vanished.
contract RebasingToken {
    mapping(address => uint256) private shares;
    uint256 public factorPercent = 100;
    string public constant name = "Rebasing Token";
    string public constant symbol = "REBASE";
    uint8 public constant decimals = 18;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function balanceOf(address who) external view returns (uint256) {
        return (shares[who] * factorPercent) / 100;
    }

    function airdrop(address to, uint256 value) external {
        shares[to] += (value * 100) / factorPercent;
        emit Transfer(address(this), to, value);
    }

    function rebase(uint256 percent) external {
        factorPercent = percent;
    }
}

/// An address-poisoning emitter: it calls itself "USDT" and emits Transfer events between any
/// addresses it is told, while no balance ever moves (balanceOf is 0 for everyone).
contract PoisonToken {
    string public constant name = "Tether USD";
    string public constant symbol = "USDT";
    uint8 public constant decimals = 6;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function balanceOf(address) external pure returns (uint256) {
        return 0;
    }

    function poison(address from, address to, uint256 value) external {
        emit Transfer(from, to, value);
    }
}

/// A token whose symbol() and name() revert; its decimals and balances answer.
contract NoSymbolToken {
    mapping(address => uint256) public balanceOf;
    uint8 public constant decimals = 18;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function symbol() external pure returns (string memory) {
        revert("no");
    }

    function airdrop(address to, uint256 value) external {
        balanceOf[to] += value;
        emit Transfer(address(this), to, value);
    }
}
