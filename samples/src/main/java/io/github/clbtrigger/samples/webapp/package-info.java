/** The webapp sample: the filter in front of an existing servlet application, in code and from web.xml. */
package io.github.clbtrigger.samples.webapp;
