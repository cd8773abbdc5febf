package io.jcachestores.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Back-pressure of the asynchronous face: a full pool refuses at once, never blocks. */
class AsyncExecutorTest {

  @Test
  void aFullPoolFailsTheStageAtOnceNamingTheCacheAndTheBound() throws Exception {
    AsyncExecutor pool = AsyncExecutor.bounded(1, 1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      CompletableFuture<String> running = pool.submit("c", () -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "ran";
      });
      CompletableFuture<String> queued = pool.submit("c", () -> "queued");
      CompletableFuture<String> refused = pool.submit("c", () -> "never");
      assertTrue(refused.isCompletedExceptionally(), "refused without waiting");
      ExecutionException e = assertThrows(ExecutionException.class, refused::get);
      assertInstanceOf(RejectedExecutionException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("Cache 'c'"), e.getCause().getMessage());
      assertTrue(e.getCause().getMessage().contains("1 running and 1 queued"));
      assertFalse(queued.isDone());
      release.countDown();
      assertEquals("ran", running.get(2, TimeUnit.MINUTES));
      assertEquals("queued", queued.get(2, TimeUnit.MINUTES));
    } finally {
      release.countDown();
      pool.shutdown();
    }
  }

  @Test
  void anApplicationExecutorsRefusalFailsTheStage() {
    AsyncExecutor refusing = AsyncExecutor.on(task -> {
      throw new RejectedExecutionException("full");
    });
    CompletableFuture<String> stage = refusing.submit("c", () -> "never");
    assertTrue(stage.isCompletedExceptionally());
  }
}
