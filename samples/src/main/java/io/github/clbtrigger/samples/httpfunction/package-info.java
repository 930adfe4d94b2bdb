/** The HTTP function sample: a FunctionGraph HTTP function launched from its bootstrap. */
package io.github.clbtrigger.samples.httpfunction;
