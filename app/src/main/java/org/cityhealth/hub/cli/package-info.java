/**
 * The {@code ./cityhealth} command line: serve, demo, generate, source, vault, ingest and bench. Each
 * command prints one readable line and exits non-zero on failure, never a stack trace.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Command line")
package org.cityhealth.hub.cli;
