/** Operations: statistics (and later metrics, health and admin), read-only views of the other components. */
package io.herald.ops;
