/**
 * The CLB control plane, locally: a TencentCloud API 3.0 endpoint ({@code clb 2018-03-17}) that the official SDKs,
 * tccli and Terraform drive unchanged. {@link io.github.clbtrigger.api.ControlPlane} answers calls
 * (RegisterFunctionTargets, CreateRule, DescribeTargets, DescribeTaskStatus, ...) by editing the configuration file
 * atomically and applying it to a {@link io.github.clbtrigger.api.ConfigTarget}; {@link
 * io.github.clbtrigger.api.ManagementServer} serves it over HTTP; {@link io.github.clbtrigger.api.ApiOptions} holds
 * {@code clb serve}'s {@code --api-*} flags. See docs/api.md.
 */
package io.github.clbtrigger.api;
