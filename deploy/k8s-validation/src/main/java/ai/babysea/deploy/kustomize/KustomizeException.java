package ai.babysea.deploy.kustomize;

/** A kustomization that cannot be rendered: invalid, or using a Kustomize feature this renderer does not implement. */
public class KustomizeException extends RuntimeException {
    public KustomizeException(String message) {
        super(message);
    }

    public KustomizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
