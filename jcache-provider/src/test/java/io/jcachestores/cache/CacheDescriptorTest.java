package io.jcachestores.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jcachestores.StoreConfiguration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

/** The standard expiry policies survive a descriptor round trip; others are not remembered. */
class CacheDescriptorTest {

  private static ExpiryPolicy roundTrip(ExpiryPolicy policy) {
    String descriptor = CacheDescriptor.encode(new StoreConfiguration<>(), policy);
    return CacheDescriptor.decode("c", descriptor, getClassLoader())
        .getExpiryPolicyFactory().create();
  }

  private static ClassLoader getClassLoader() {
    return CacheDescriptorTest.class.getClassLoader();
  }

  @Test
  void everyStandardPolicyComesBackWithItsDuration() {
    Duration d = new Duration(TimeUnit.SECONDS, 42);
    for (ExpiryPolicy p : List.of(new CreatedExpiryPolicy(d), new AccessedExpiryPolicy(d),
        new ModifiedExpiryPolicy(d), new TouchedExpiryPolicy(d),
        new CreatedExpiryPolicy(Duration.ETERNAL), new EternalExpiryPolicy())) {
      ExpiryPolicy back = roundTrip(p);
      assertEquals(p.getClass(), back.getClass());
      assertEquals(p.getExpiryForCreation(), back.getExpiryForCreation());
    }
  }

  @Test
  void aCustomPolicyIsNotRememberedAndAnUnknownOneIsRefused() {
    ExpiryPolicy custom = new ExpiryPolicy() {
      @Override
      public Duration getExpiryForCreation() {
        return Duration.ONE_DAY;
      }

      @Override
      public Duration getExpiryForAccess() {
        return null;
      }

      @Override
      public Duration getExpiryForUpdate() {
        return null;
      }
    };
    assertNull(Expiry.Standard.of(custom));
    assertEquals(EternalExpiryPolicy.class, roundTrip(custom).getClass(), "the default");
    String descriptor = CacheDescriptor.encode(new StoreConfiguration<>(),
        new EternalExpiryPolicy()).replace("expiry=eternal", "expiry=sometimes");
    assertThrows(CacheException.class,
        () -> CacheDescriptor.decode("c", descriptor, getClassLoader()));
  }
}
