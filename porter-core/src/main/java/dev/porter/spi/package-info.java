/**
 * The store SPI: the one interface every store (SQLite, Redis, ...) implements, and the value types
 * that cross it. The conformance suite in porter-core's test-jar specifies its behaviour; every
 * store runs all of it.
 */
package dev.porter.spi;
