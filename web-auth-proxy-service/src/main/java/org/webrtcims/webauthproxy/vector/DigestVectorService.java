package org.webrtcims.webauthproxy.vector;

import org.webrtcims.av.DigestVectorFetchRequest;
import org.webrtcims.av.DigestVectors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.problem.ApiProblemException;
import org.webrtcims.webauthproxy.credential.CredentialReader;
import org.webrtcims.webauthproxy.credential.StoredCredential;
import org.webrtcims.av.DigestVector;
import org.webrtcims.webauthproxy.credential.VectorVault;

import reactor.core.publisher.Mono;

/**
 * Serves the HSS its authentication vectors (profile §5.3): 404 WEB_IDENTITY_UNKNOWN, 410
 * CREDENTIALS_REVOKED, 422 NO_VECTOR_FOR_ALGORITHMS. Vectors come in the order asked for, else MD5 first
 * (the HSS puts the first into Digest-HA1 and the next into the Alternate-Digest fields, profile D9).
 */
@Service
public class DigestVectorService {

    private final CredentialReader reader;
    private final VectorVault vault;
    private final DatabaseScheduler database;

    public DigestVectorService(CredentialReader reader, VectorVault vault, DatabaseScheduler database) {
        this.reader = reader;
        this.vault = vault;
        this.database = database;
    }

    public Mono<DigestVectors> fetch(DigestVectorFetchRequest request) {
        if (request.webIdentity() == null || request.wwsfIdentity() == null) {
            return Mono.error(new ApiProblemException(HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                    "webIdentity and wwsfIdentity are required."));
        }
        List<DigestAlgorithm> wanted;
        try {
            wanted = wantedAlgorithms(request.algorithms());
        } catch (ApiProblemException e) {
            return Mono.error(e);
        }
        return database.call(() -> reader.find(request.wwsfIdentity(), request.webIdentity()))
                .flatMap(found -> found.map(credential -> answer(credential, wanted))
                        .orElseGet(() -> Mono.error(new ApiProblemException(HttpStatus.NOT_FOUND,
                                "WEB_IDENTITY_UNKNOWN", "No credential is stored for this web identity and WWSF."))));
    }

    private Mono<DigestVectors> answer(StoredCredential credential, List<DigestAlgorithm> wanted) {
        if (credential.revoked()) {
            return Mono.error(new ApiProblemException(HttpStatus.GONE, "CREDENTIALS_REVOKED",
                    "The credential of this web identity was revoked."));
        }
        Map<DigestAlgorithm, String> ha1s = vault.open(credential.key(), credential.sealedVectors());
        List<DigestVector> vectors = new ArrayList<>();
        for (DigestAlgorithm algorithm : wanted) {
            Optional.ofNullable(ha1s.get(algorithm)).ifPresent(ha1 -> vectors.add(new DigestVector(algorithm.token(), ha1)));
        }
        if (vectors.isEmpty()) {
            return Mono.error(new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "NO_VECTOR_FOR_ALGORITHMS",
                    "No vector is stored for the requested algorithms.",
                    Map.of("storedAlgorithms", ha1s.keySet().stream().map(DigestAlgorithm::token).toList())));
        }
        return Mono.just(new DigestVectors(credential.key().webIdentity(), credential.key().wwsfIdentity(),
                credential.realm(), credential.qop(), vectors, credential.credentialVersion(),
                credential.syncedAt().toInstant()));
    }

    private static List<DigestAlgorithm> wantedAlgorithms(List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            return List.of(DigestAlgorithm.values());
        }
        Set<DigestAlgorithm> wanted = new LinkedHashSet<>();
        for (String token : tokens) {
            wanted.add(DigestAlgorithm.fromToken(token).orElseThrow(() -> new ApiProblemException(
                    HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_ALGORITHM",
                    "algorithms may hold MD5, SHA-256 and SHA-512-256 only.")));
        }
        return List.copyOf(wanted);
    }
}
