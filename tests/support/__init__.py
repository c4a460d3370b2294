"""What tests share: one fake clock, one free-port helper, one service probe."""
