/**
 * The DynamoDB store: {@code dynamodb:} URIs naming one table that all caches of a CacheManager
 * share (see {@link io.jcachestores.store.dynamodb.DynamoStoreFactory} for the options). Needs
 * the AWS SDK for Java 2 ({@code software.amazon.awssdk:dynamodb} and
 * {@code url-connection-client}), an optional dependency.
 */
package io.jcachestores.store.dynamodb;
