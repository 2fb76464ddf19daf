//! Reading PINs: `--pin-stdin`, environment, or a no-echo prompt, straight into zeroizing strings.
//! OWNER: vault helper.
