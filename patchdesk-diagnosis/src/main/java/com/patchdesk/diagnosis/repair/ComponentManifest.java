package com.patchdesk.diagnosis.repair;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A component manifest ({@code WinSxS\Manifests\<identity>.manifest}) as far as a repair needs it: the identity it
 * declares and, per file, the digest it lists ({@code <file name="wkscli.dll"><asmv2:hash>…<dsig:DigestMethod
 * Algorithm="…xmldsig#sha256"/><dsig:DigestValue>base64</dsig:DigestValue>}, the Identity transform: a digest of the
 * file's bytes). Windows 10 stores manifests compressed ({@code DCM\1} + a delta against a dictionary in wcp.dll); those
 * cannot be checked here and are refused: expand them first (e.g. with SXSEXP) or export them from an expanded store.
 */
public record ComponentManifest(
        String name, String version, String architecture, String publicKeyToken, Map<String, FileDigest> files) {

    public ComponentManifest {
        files = Map.copyOf(files);
    }

    /** A file's digest as the manifest lists it; {@code algorithm} is the Java name (SHA-256 or SHA-1). */
    public record FileDigest(String algorithm, byte[] digest) {}

    /** The digest listed for {@code fileName} (case-insensitive, as NTFS names are). */
    public Optional<FileDigest> digestOf(String fileName) {
        return Optional.ofNullable(files.get(fileName.toLowerCase(Locale.ROOT)));
    }

    /** @throws DonorMaterialException with a message for people when the bytes are no readable manifest */
    public static ComponentManifest parse(String what, byte[] bytes) {
        if (bytes.length >= 4
                && bytes[0] == 'D'
                && bytes[1] == 'C'
                && (bytes[2] == 'M' || bytes[2] == 'N' || bytes[2] == 'D')
                && bytes[3] == 1) {
            throw new DonorMaterialException(what + " is a compressed Windows manifest (DCM); expand it first, "
                    + "so that its file hashes can be checked");
        }
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // A donor's file is input: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            doc = builder.parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new DonorMaterialException(what + " is not a readable manifest (" + e.getMessage() + ")");
        }
        Element identity = first(doc.getDocumentElement(), "assemblyIdentity");
        if (identity == null) {
            throw new DonorMaterialException(what + " has no assemblyIdentity");
        }
        Map<String, FileDigest> files = new HashMap<>();
        NodeList fileNodes = doc.getDocumentElement().getElementsByTagNameNS("*", "file");
        for (int i = 0; i < fileNodes.getLength(); i++) {
            Element file = (Element) fileNodes.item(i);
            Element method = first(file, "DigestMethod");
            Element value = first(file, "DigestValue");
            if (method == null || value == null) {
                continue;
            }
            String algorithm = method.getAttribute("Algorithm");
            String java = algorithm.endsWith("#sha256") ? "SHA-256" : algorithm.endsWith("#sha1") ? "SHA-1" : null;
            if (java == null) {
                throw new DonorMaterialException(what + " lists " + file.getAttribute("name")
                        + " with a digest this check does not know (" + algorithm + ")");
            }
            try {
                files.put(
                        file.getAttribute("name").toLowerCase(Locale.ROOT),
                        new FileDigest(
                                java,
                                Base64.getDecoder()
                                        .decode(value.getTextContent().strip())));
            } catch (IllegalArgumentException e) {
                throw new DonorMaterialException(
                        what + " has a digest of " + file.getAttribute("name") + " that is not base64");
            }
        }
        return new ComponentManifest(
                identity.getAttribute("name"),
                identity.getAttribute("version"),
                identity.getAttribute("processorArchitecture"),
                identity.getAttribute("publicKeyToken"),
                files);
    }

    /** Whether the manifest declares the component of that folder (version, architecture and key token). */
    public boolean declares(ComponentIdentity folder) {
        return folder.version().equals(version)
                && folder.architecture().equalsIgnoreCase(architecture)
                && folder.publicKeyToken().equalsIgnoreCase(publicKeyToken);
    }

    private static Element first(Element parent, String localName) {
        NodeList found = parent.getElementsByTagNameNS("*", localName);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }
}
