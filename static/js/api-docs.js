// Draws the API's OpenAPI description (vendored Swagger UI); the address comes from the page.
const root = document.getElementById("api-docs");
window.SwaggerUIBundle({
  url: root.dataset.schemaUrl,
  domNode: root,
  deepLinking: true,
  requestInterceptor: (request) => {
    // Trying a write from the page with the signed-in session needs Django's CSRF token.
    request.headers["X-CSRFToken"] = root.dataset.csrfToken;
    return request;
  },
});
