package org.basaltdb.regionserver.region;

/** A row was sent to a region whose key range does not hold it. */
public class WrongRegionException extends IllegalArgumentException {
  public WrongRegionException(String message) {
    super(message);
  }
}
