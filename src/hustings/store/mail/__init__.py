"""The model of mail deliveries: which voter a code mail reached, and why not."""
