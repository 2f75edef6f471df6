package com.patchdesk.diagnosis.repair;

/** Donor material refused, with a message for the engineer who fed it; nothing of it was taken. */
public class DonorMaterialException extends RuntimeException {

    public DonorMaterialException(String message) {
        super(message);
    }
}
