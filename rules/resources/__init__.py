"""Resources (K801-K809): container requests and limits (profile `reliability`)."""
