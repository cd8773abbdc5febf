package io.jcachestores;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** A Serializable class outside every allowlist that records whether any of its code ran. */
public final class Gadget implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How many times readObject ran: deserialization executing this class's code. */
  public static final AtomicInteger READS = new AtomicInteger();

  private final String payload;

  public Gadget(String payload) {
    this.payload = payload;
  }

  public String payload() {
    return payload;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    READS.incrementAndGet();
    in.defaultReadObject();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gadget g && g.payload.equals(payload);
  }

  @Override
  public int hashCode() {
    return payload.hashCode();
  }
}
