/** Implementation helpers of the nn module; not part of the public API. */
package org.pybridge.nn.internal;
