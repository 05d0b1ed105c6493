/**
 * The byte-exact second backup. Every authenticated submission's raw bytes are stored here before they
 * are parsed: content-addressed by SHA-256 (SM3 recorded too), zstd-compressed, with a manifest row per
 * submission and its outcome. Resending identical bytes is recognised and answered with the earlier
 * outcome; {@link org.cityhealth.hub.vault.Vault#restore} gives the originals back, verified.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Vault")
package org.cityhealth.hub.vault;
