"""Page-number pagination with Dutch, lowerCamelCase query parameters."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_query_param = "pagina"
    page_size_query_param = "paginaGrootte"
    max_page_size = 200
    invalid_page_message = "Deze pagina bestaat niet."
    page_query_description = "Paginanummer (vanaf 1)."
    page_size_query_description = "Aantal resultaten per pagina (ten hoogste 200)."
